import {
  Button,
  Card,
  Cluster,
  EmptyState,
  Link,
  Page,
  PageHeading,
  Pictogram,
  pictogramOf,
  Section,
  t,
  TILE_ACCENTS,
  Tile,
  type TileAccent,
  TileGrid,
  useCurrentEstablishment,
  useCurrentEstablishmentId,
  useViewer,
  type Viewer,
} from '@ent/ui-kit';
import { useEffect, useMemo, useState } from 'react';
import type { Manifest } from '../manifest/manifest.js';
import { type ChildBlock, type HomeModel, type HomeSection, type ResolvedTile, selectHome, type Text } from '../tiles/selectHome.js';
import { loadHomeData, useHomeData } from './homeData.js';
import { usePageTitle } from './usePageTitle.js';

const tr = (text: Text) => t(text.key, text.params);

/** A colour per service, the same on every visit (pictogram and label say it too). */
function accentOf(tileId: string): TileAccent {
  let hash = 0;
  for (const character of tileId) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return TILE_ACCENTS[hash % TILE_ACCENTS.length]!;
}

/** Counts older than this are fetched again when the person comes back to the home page. */
const FRESH_MS = 30_000;

function TileView({
  tile,
  variant,
  readAloud,
  context,
}: {
  tile: ResolvedTile;
  variant: HomeSection['variant'];
  readAloud: boolean;
  context?: string;
}) {
  return (
    <Tile
      href={tile.href}
      label={variant === 'large' ? tr(tile.simpleLabel) : tr(tile.label)}
      description={tr(tile.description)}
      pictogram={tile.pictogram}
      variant={variant}
      count={tile.count ? { value: tile.count.value, label: tr(tile.count.label) } : null}
      readAloud={readAloud}
      accent={accentOf(tile.tileId)}
      {...(context ? { context } : {})}
    />
  );
}

function Priorities({ model }: { model: HomeModel }) {
  return (
    <Section title={t('shell.home.prioritiesTitle')} className="portal-priorities">
      {model.priorities.length > 0 ? (
        <ol className="portal-priorities__list">
          {model.priorities.map((priority) => {
            const label = priority.tile.count ? tr(priority.tile.count.label) : tr(priority.tile.label);
            return (
              <li key={priority.tile.key}>
                <Link href={priority.tile.href} className="portal-priorities__link">
                  <span aria-hidden="true" className="portal-priorities__pictogram">
                    {pictogramOf(priority.tile.pictogram)}
                  </span>
                  {priority.childFirstName ? t('shell.home.priorityForChild', { firstName: priority.childFirstName, label }) : label}
                </Link>
              </li>
            );
          })}
        </ol>
      ) : model.prioritiesPossible ? (
        <p className="portal-priorities__none">
          <Pictogram name="check" />{' '}
          {t('shell.home.prioritiesNone')}
        </p>
      ) : (
        <EmptyState title={t('shell.home.prioritiesSoon')} headingLevel={3} pictogram="calendar">
          <p>{t('shell.home.prioritiesSoonBody')}</p>
        </EmptyState>
      )}
    </Section>
  );
}

function TeacherBlocks({ section }: { section: HomeSection }) {
  const classes = section.classes ?? [];
  const awaiting = section.tiles.filter((tile) => tile.counts);
  const pending = awaiting.filter((tile) => tile.count && tile.count.value > 0);
  return (
    <div className="portal-teacher">
      <Section title={t('shell.home.teacher.classesTitle')} level={3}>
        {classes.length === 0 ? (
          <p>{t('shell.home.teacher.noClasses')}</p>
        ) : (
          <ul className="portal-classes">
            {classes.map((schoolClass) => (
              <li key={schoolClass.id}>
                <Card className="portal-class">
                  <h4 className="portal-class__name">
                    <Link href={`/classe/${encodeURIComponent(schoolClass.id)}`}>{schoolClass.name}</Link>
                  </h4>
                  <p className="portal-class__detail">
                    {t('shell.home.teacher.classSubjects', { subjects: schoolClass.subjects.join(', ') })}
                  </p>
                  <p className="portal-class__detail">{t('shell.home.teacher.pupils', { count: schoolClass.pupilCount })}</p>
                  {schoolClass.headTeacher ? (
                    <p className="portal-badge">
                      <Pictogram name="star" />{' '}
                      {t('shell.home.teacher.headTeacher')}
                    </p>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('shell.home.teacher.awaitingTitle')} level={3}>
        {pending.length > 0 ? (
          <ul className="portal-awaiting">
            {pending.map((tile) => (
              <li key={tile.key}>
                <Link href={tile.href}>{tile.count ? tr(tile.count.label) : tr(tile.label)}</Link>
              </li>
            ))}
          </ul>
        ) : awaiting.length > 0 ? (
          <p>{t('shell.home.teacher.awaitingNone')}</p>
        ) : (
          <EmptyState title={t('shell.home.teacher.awaitingSoon')} headingLevel={4}>
            <p>{t('shell.home.teacher.awaitingSoonBody')}</p>
          </EmptyState>
        )}
      </Section>
    </div>
  );
}

function ChildBlockView({ child, section }: { child: ChildBlock; section: HomeSection }) {
  const details = child.className
    ? t('shell.home.family.childDetails', { className: child.className, establishment: child.establishmentName ?? '' })
    : t('shell.home.family.childNoClass');
  const headingId = `child-${child.childId}`;
  return (
    <section className="portal-child" aria-labelledby={headingId}>
      <h3 id={headingId} className="portal-child__heading">
        <span className="portal-child__name">{child.firstName}</span>
        <span className="portal-child__details">{details}</span>
      </h3>
      {child.tiles.length > 0 ? (
        <TileGrid variant={section.variant} label={t('shell.home.family.tilesLabel', { firstName: child.firstName })}>
          {child.tiles.map((tile) => (
            <TileView
              key={tile.key}
              tile={tile}
              variant={section.variant}
              readAloud={false}
              context={t('shell.home.family.forChild', { firstName: child.firstName })}
            />
          ))}
        </TileGrid>
      ) : (
        <p>{t('shell.home.noTiles')}</p>
      )}
    </section>
  );
}

function FamilyView({ section }: { section: HomeSection }) {
  const children = section.children ?? [];
  const [shown, setShown] = useState<string | null>(null);
  const visible = shown ? children.filter((child) => child.childId === shown) : children;
  return (
    <Section title={tr(section.heading)} className="portal-family">
      {children.length === 0 ? (
        <p>{t('shell.home.family.noChildren')}</p>
      ) : (
        <>
          {children.length > 1 ? (
            // A toggle group, not a menu: every choice is a button, its state said by aria-pressed.
            <fieldset className="portal-switcher">
              <legend className="portal-switcher__legend">{t('shell.home.family.switcher')}</legend>
              <Cluster gap="small">
                <Button variant={shown === null ? 'primary' : 'secondary'} size="small" aria-pressed={shown === null} onClick={() => setShown(null)}>
                  {t('shell.home.family.all')}
                </Button>
                {children.map((child) => (
                  <Button
                    key={child.childId}
                    variant={shown === child.childId ? 'primary' : 'secondary'}
                    size="small"
                    aria-pressed={shown === child.childId}
                    onClick={() => setShown(child.childId)}
                  >
                    {child.firstName}
                  </Button>
                ))}
              </Cluster>
            </fieldset>
          ) : null}
          {visible.map((child) => (
            <ChildBlockView key={child.childId} child={child} section={section} />
          ))}
        </>
      )}
    </Section>
  );
}

function SectionView({ section, alone }: { section: HomeSection; alone: boolean }) {
  if (section.children) return <FamilyView section={section} />;
  const young = section.variant === 'large';
  return (
    <Section title={tr(section.heading)} titleHidden={young || alone} className={`portal-section portal-section--${section.audience}`}>
      {section.classes ? <TeacherBlocks section={section} /> : null}
      {section.tiles.length > 0 ? (
        <TileGrid variant={section.variant}>
          {section.tiles.map((tile) => (
            <TileView key={tile.key} tile={tile} variant={section.variant} readAloud={section.readAloud} />
          ))}
        </TileGrid>
      ) : (
        <p>{t('shell.home.noTiles')}</p>
      )}
    </Section>
  );
}

function greeting(viewer: Viewer, young: boolean): string {
  return t(young ? 'shell.home.greetingYoung' : 'shell.home.greeting', { firstName: viewer.firstName || viewer.displayName });
}

/** The home page: three priorities, then the person's sections of tiles, all from the one `me` answer. */
export function HomePage({ manifest }: { manifest: Manifest }) {
  usePageTitle(t('shell.home.title'));
  const viewer = useViewer();
  const currentEstablishmentId = useCurrentEstablishmentId();
  const establishment = useCurrentEstablishment();
  const home = useHomeData();

  // Coming back to the home page: fresh counts, the page staying as it was meanwhile.
  useEffect(() => {
    if (home.status === 'ready' && Date.now() - home.loadedAt > FRESH_MS) void loadHomeData(manifest);
  }, [home.status, home.loadedAt, manifest]);

  const model = useMemo(
    () => (viewer ? selectHome({ viewer, manifest, currentEstablishmentId }) : null),
    [viewer, manifest, currentEstablishmentId],
  );
  if (!viewer || !model) return null;
  const young = !model.showPriorities;
  const pageSections = model.sections.filter((section) => section.tiles.length > 0 || section.children || section.classes);

  return (
    <Page className={young ? 'portal-home portal-home--young' : 'portal-home'}>
      <PageHeading title={greeting(viewer, young)} {...(!young && establishment ? { subtitle: establishment.name } : {})} />
      {model.showPriorities ? <Priorities model={model} /> : null}
      {pageSections.map((section) => (
        <SectionView key={section.audience} section={section} alone={pageSections.length === 1} />
      ))}
    </Page>
  );
}
