/**
 * The session's key: the login redirect hands it over in the fragment
 * (`/#key=…`), which no request carries; the page keeps it in this tab's
 * sessionStorage, scoped to the dashboard's origin (its port included), and
 * sends it with every request to `/api/`, `/compose/` and `/ws/`. The cookie
 * alone, which browsers also send to other ports of 127.0.0.1, opens nothing.
 */
const STORAGE = 'wharf-session-key';

function take(): string {
  const handed = /^#key=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (handed) {
    sessionStorage.setItem(STORAGE, handed[1]!);
    history.replaceState(null, '', '/#/containers');
  }
  return sessionStorage.getItem(STORAGE) ?? '';
}

export const sessionKey = take();
