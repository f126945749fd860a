// How `rtc` reads its arguments. Kept apart from the commands' own modules, so printing help loads nothing else.
import { InvalidArgumentError } from 'commander';

export function positiveWholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('Give a whole number, 0 or more.');
  return number;
}
