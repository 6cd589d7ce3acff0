/**
 * One starter, as data. Its options live in schemas/<id>.schema.json and its files in
 * templates/<id>/; nothing in src/ knows any starter by name.
 */
export interface StarterDefinition {
  id: string;
  title: string;
  summary: string;
  /** Arguments of the console script that run the demo on the embedded default. */
  demo: { args: string[] };
  /** Starters that serve HTTP: the port their `serve` command listens on. */
  service: { port: number } | null;
  /**
   * Servers its integration tests (`pytest -m integration`) need. CI starts each one as
   * a service and sets its URL (postgres: `TEST_DATABASE_URL`); none: an empty list.
   */
  testServices: TestService[];
}

export type TestService = "postgres";
