import { InvalidArgumentError } from 'commander';

/** A commander argument parser for whole numbers >= `min`; commander prints the one-line error. */
export function intOption(min = 0): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number.');
    const n = Number(value);
    if (n < min) throw new InvalidArgumentError(`must be at least ${min}.`);
    return n;
  };
}
