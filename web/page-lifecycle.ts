/**
 * Calls `onHide` when the page is hidden or being unloaded, the last moments a pending write can
 * still reach IndexedDB. Returns the detacher; does nothing outside a window (Node, workers).
 */
export function onPageHide(onHide: () => void): () => void {
  if (typeof window === "undefined" || typeof document === "undefined") return () => {};
  const onVisibilityChange = () => {
    if (document.visibilityState === "hidden") onHide();
  };
  window.addEventListener("pagehide", onHide);
  document.addEventListener("visibilitychange", onVisibilityChange);
  return () => {
    window.removeEventListener("pagehide", onHide);
    document.removeEventListener("visibilitychange", onVisibilityChange);
  };
}
