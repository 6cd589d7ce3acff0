/** One problem with one option, shown to the user as `option: message`. */
export interface Problem {
  option: string;
  message: string;
}

/**
 * A mistake the user can fix (bad flag, invalid option, unsafe target).
 * The CLI prints its problems without a stack trace and exits 2.
 */
export class UsageError extends Error {
  readonly problems: Problem[];

  constructor(message: string, problems: Problem[] = []) {
    super(message);
    this.name = "UsageError";
    this.problems = problems;
  }
}

/** The user cancelled a prompt (Ctrl-C): exit 130, nothing written. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled.");
    this.name = "CancelledError";
  }
}
