/**
 * xterm.js writes its theme and cell sizes into `<style>` elements it creates.
 * The dashboard's Content-Security-Policy (`default-src 'self'`, no
 * 'unsafe-inline', docs/dashboard.md) rightly stops those from applying, so the
 * terminal would draw grey on black with unsized rows. CSSOM is not inline
 * markup: this mirrors the text of every `<style>` under `root` into one
 * constructed style sheet the document adopts, and keeps it current.
 */
export function mirrorInlineStyles(root: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const sync = (): void => sheet.replaceSync([...root.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n'));
  const observer = new MutationObserver(sync);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
