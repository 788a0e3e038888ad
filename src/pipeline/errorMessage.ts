// The one way the app turns a caught value into text for a person: an Error's message, or the value as a string.

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
