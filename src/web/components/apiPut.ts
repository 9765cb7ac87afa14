/**
 * PUT through the one API client (CSRF, language, error decoding). `api.ts` offers GET/POST/PATCH/DELETE only;
 * the clocks, gap targets and playbooks are replaced with PUT.
 */
import { request } from "../api";

// The client's method type does not list PUT yet; the request itself is method-agnostic.
export const apiPut = <T>(path: string, body: unknown): Promise<T> => request<T>("PUT" as never, path, body);
