// npm run test:pg runs the suite against the PostgreSQL server named by DATABASE_URL.
if (!process.env.DATABASE_URL) {
  console.error(
    'DATABASE_URL n’est pas défini. Exemple : DATABASE_URL=postgres://postgres@127.0.0.1:5432/ent_test npm run test:pg\n' +
      '(ou : bash tests/scripts/with-postgres.sh npm run test:pg, qui démarre un PostgreSQL 15 jetable)',
  );
  process.exit(1);
}
