/** Errors the domain raises for things a client got wrong; the HTTP layer maps them to status codes. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A request parameter with a value that is well-formed but cannot be used (an unknown edition, a forged cursor). */
export class BadParameterError extends AppError {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(400, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You may not change this activity.') {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, message);
  }
}

/**
 * No edition is published at all (a new installation): nothing a client could have asked better,
 * so not a 400. The API answers 404; the pages say that no programme is published yet.
 */
export class NoEditionError extends NotFoundError {
  constructor() {
    super('There is no published edition yet.');
  }
}
