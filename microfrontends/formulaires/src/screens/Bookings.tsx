import { Button, EmptyState, ErrorState, graphql, isApiError, Loading, Section, Select, useCurrentEstablishmentId, useQuery, useViewer } from '@ent/ui-kit';
import { useState } from 'react';
import { BOOK, CANCEL_BOOKING, MY_BOOKINGS, RESOURCES_QUERY, SLOTS_QUERY } from '../api.js';
import { frenchShort, frenchTime, text } from '../text.js';

interface SlotRow {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
  bookedByMe: boolean;
}

const dayOf = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long' });

/** The booking calendar: a resource's coming slots day by day, and the person's own bookings. */
export function BookingsScreen() {
  const viewer = useViewer();
  const establishmentId = useCurrentEstablishmentId() ?? viewer?.profiles.find((grant) => grant.establishment)?.establishment?.id ?? null;
  const resources = useQuery<{ resources: Array<{ id: string; name: string; capacity: number }> }>(RESOURCES_QUERY, { id: establishmentId ?? '' }, { skip: !establishmentId });
  const [chosen, setChosen] = useState('');
  const resourceId = chosen || resources.data?.resources[0]?.id || '';
  const slots = useQuery<{ resource: { name: string; slots: SlotRow[] } }>(SLOTS_QUERY, { id: resourceId }, { skip: !resourceId });
  const mine = useQuery<{ myBookings: Array<{ id: string; slot: { startsAt: string; endsAt: string; resource: { name: string } } }> }>(MY_BOOKINGS);
  const [status, setStatus] = useState('');

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      setStatus(done);
    } catch (error) {
      setStatus(isApiError(error) ? error.message : String(error));
    }
    await Promise.all([slots.refetch(), mine.refetch()]);
  };

  if (resources.loading && !resources.data) return <Loading label={text('loading')} />;
  if (resources.error) return <ErrorState error={resources.error} onRetry={() => void resources.refetch()} />;
  const list = resources.data?.resources ?? [];
  const byDay = new Map<string, SlotRow[]>();
  for (const slot of slots.data?.resource.slots ?? []) byDay.set(dayOf(slot.startsAt), [...(byDay.get(dayOf(slot.startsAt)) ?? []), slot]);

  return (
    <>
      <p role="status" aria-live="polite" className="formulaires-status">
        {status}
      </p>
      {list.length === 0 ? (
        <EmptyState title={text('bookings.none')} />
      ) : (
        <Section title={text('bookings.calendar', { resource: list.find((item) => item.id === resourceId)?.name ?? '' })}>
          <Select
            id="bookings-resource"
            label={text('bookings.resource')}
            value={resourceId}
            options={list.map((item) => ({ value: item.id, label: item.name }))}
            onChange={(event) => setChosen(event.target.value)}
          />
          {byDay.size === 0 ? <p>{text('bookings.noSlots')}</p> : null}
          <div className="formulaires-calendar">
            {[...byDay].map(([day, daySlots]) => (
              <section key={day} className="formulaires-day" aria-label={day}>
                <h3>{day}</h3>
                <ul>
                  {daySlots.map((slot) => {
                    const label = text('bookings.slot', { start: frenchTime(slot.startsAt), end: frenchTime(slot.endsAt) });
                    return (
                      <li key={slot.id} className="formulaires-slot">
                        <span>{label}</span>
                        <span>{slot.remaining > 0 ? text('bookings.remaining', { remaining: slot.remaining, capacity: slot.capacity }) : text('bookings.full')}</span>
                        {slot.remaining > 0 && !slot.bookedByMe ? (
                          <Button size="small" aria-label={text('bookings.bookLabel', { slot: `${day} ${label}` })} onClick={() => void act(() => graphql(BOOK, { id: slot.id }), text('bookings.booked'))}>
                            {text('bookings.book')}
                          </Button>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
          </div>
        </Section>
      )}
      <Section title={text('bookings.mine')}>
        {(mine.data?.myBookings ?? []).length === 0 ? (
          <p>{text('bookings.mineEmpty')}</p>
        ) : (
          <ul className="formulaires-bookings">
            {(mine.data?.myBookings ?? []).map((booking) => {
              const slot = `${booking.slot.resource.name}, ${frenchShort(booking.slot.startsAt)}`;
              return (
                <li key={booking.id}>
                  <span>{slot}</span>{' '}
                  <Button size="small" variant="quiet" aria-label={text('bookings.cancelLabel', { slot })} onClick={() => void act(() => graphql(CANCEL_BOOKING, { id: booking.id }), text('bookings.cancelled'))}>
                    {text('bookings.cancel')}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </>
  );
}
