// The one banner at the top of every page: the server or its database is
// away. The page under it stays as it was.

export function showBanner(text) {
  const banner = document.getElementById("banner");
  if (!banner) return;
  banner.textContent = text;
  banner.hidden = false;
}

export function hideBanner() {
  const banner = document.getElementById("banner");
  if (banner && !banner.hidden) {
    banner.hidden = true;
    banner.textContent = "";
  }
}
