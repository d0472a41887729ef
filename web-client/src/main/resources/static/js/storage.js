// localStorage that never throws: a private window or a full quota means "not kept", never a broken page.

export const storage = {
  get(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  },
  /** True when kept. */
  set(key, value) {
    try { localStorage.setItem(key, value); return true; } catch (e) { return false; }
  },
  remove(key) {
    try { localStorage.removeItem(key); } catch (e) { /* nothing was kept */ }
  },
  json(key) {
    const text = this.get(key);
    if (!text) return null;
    try { return JSON.parse(text); } catch (e) { return null; }
  },
};
