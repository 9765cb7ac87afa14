/** localStorage that tolerates being switched off (private windows, strict policies): then nothing is kept. */
export const readLocal = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};

export const writeLocal = (key: string, value: string): void => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // the choice lasts for this page only, which is acceptable
  }
};
