// The operator's sign-in: the API key lives in sessionStorage (gone when the tab closes),
// the optional tile URL in localStorage (a preference, not a secret).
const KEY = 'relais.operatorKey';
const TILES = 'relais.tileUrl';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  setKey: (k: string): void => sessionStorage.setItem(KEY, k),
  clear: (): void => sessionStorage.removeItem(KEY),
  tileUrl: (): string | null => localStorage.getItem(TILES) || null,
  setTileUrl: (u: string): void => (u ? localStorage.setItem(TILES, u) : localStorage.removeItem(TILES)),
};
