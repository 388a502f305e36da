export class PeopleError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 400,
    message: string,
    readonly field = 'form',
  ) {
    super(message);
  }
}
