/** The current time, refreshed every `everyMs`, for live countdowns (a re-render, not a re-fetch). */
import { useEffect, useState } from "react";

export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Calls `fn` every `everyMs` while the page is shown (e.g. re-fetch so a gap's status turns with time). */
export function useEvery(everyMs: number, fn: () => void): void {
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") fn();
    }, everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, fn]);
}
