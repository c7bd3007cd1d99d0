import { Button, ErrorState, Form, type FormError, Loading, Section, Table, type TableColumn, TextField, useQuery } from '@ent/ui-kit';
import { useState } from 'react';
import type { AdminMessageKey } from '../messages.js';
import type { AdminEstablishment } from '../establishments/administeredEstablishments.js';
import { type Person, SEARCH_PEOPLE, type SearchPeopleData } from '../queries.js';
import { say, text } from '../text.js';
import { searchQueryOf } from './classRows.js';

const FIELD_ID = 'admin-people-search';

/** A search over the establishment's people (name or login); results in a table, their number announced. */
export function PeopleSearch({ establishment }: { establishment: AdminEstablishment }) {
  const [input, setInput] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const { data, error, loading, refetch } = useQuery<SearchPeopleData>(
    SEARCH_PEOPLE,
    { query: query ?? '', establishmentId: establishment.id },
    { skip: query === null },
  );
  const people = query !== null && data ? data.searchUsers : null;

  const columns: TableColumn<Person>[] = [
    { key: 'displayName', header: text('directory.search.column.name'), rowHeader: true },
    { key: 'login', header: text('directory.search.column.login'), render: (person) => person.login ?? '' },
    { key: 'status', header: text('directory.search.column.status'), render: (person) => text(`status.${person.status}` as AdminMessageKey) },
    {
      key: 'profiles',
      header: text('directory.search.column.profiles'),
      render: (person) => (
        <ul className="ent-admin__inline-list">
          {(person.profiles ?? []).map((grant) => {
            const profile = text(`profile.${grant.profile}` as AdminMessageKey);
            return (
              <li key={`${grant.profile}:${grant.establishment?.id ?? ''}`}>
                {grant.establishment ? text('directory.profileAt', { profile, establishment: grant.establishment.name }) : profile}
              </li>
            );
          })}
        </ul>
      ),
    },
  ];

  return (
    <Section title={text('directory.search.heading')} level={3}>
      <Form
        role="search"
        className="ent-admin__search"
        errors={errors}
        onSubmit={() => {
          const checked = searchQueryOf(input);
          if (!checked.ok) {
            setErrors([{ fieldId: FIELD_ID, message: say(checked.message) }]);
            return;
          }
          setErrors([]);
          if (checked.query === query) void refetch();
          else setQuery(checked.query);
        }}
      >
        <TextField
          id={FIELD_ID}
          type="search"
          label={text('directory.search.label')}
          hint={text('directory.search.hint')}
          autoComplete="off"
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          error={errors[0]?.message}
        />
        <Button type="submit">{text('directory.search.submit')}</Button>
      </Form>
      {/* Present before any result, so that the number found is announced when it arrives. */}
      <p role="status" className="ent-admin__results-count">
        {people && !loading ? text('directory.search.results', { count: people.length, query: query ?? '' }) : ''}
      </p>
      {error ? <ErrorState error={error} onRetry={() => void refetch()} headingLevel={4} /> : null}
      {loading && query !== null ? <Loading label={text('loading')} /> : null}
      {people && people.length > 0 && !loading ? (
        <Table
          caption={text('directory.search.caption', { query: query ?? '' })}
          columns={columns}
          rows={people}
          rowKey={(person) => person.id}
        />
      ) : null}
    </Section>
  );
}
