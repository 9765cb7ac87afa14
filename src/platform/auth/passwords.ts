/** Passwords with argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from "@node-rs/argon2";
import { AppError } from "../http/errors.js";

const ARGON2ID = 2; // Algorithm.Argon2id; the const enum cannot be imported under isolatedModules
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;

export const hashPassword = (password: string): Promise<string> => {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new AppError("weak_password", "body.password");
  return hash(password, OPTIONS);
};

export const verifyPassword = async (stored: string | null, password: string): Promise<boolean> => {
  // Without a stored hash, still spend the time, so that timing does not tell which accounts exist.
  if (!stored) {
    await hash(password, OPTIONS);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};
