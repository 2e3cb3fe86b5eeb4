// Dates are shown in the viewer's timezone. The server cannot know it, so server-rendered HTML (and the
// hydration that must match it) shows UTC, labelled as such; once the page is hydrated the root layout calls
// useViewerZone() and every date is drawn again in the browser's own timezone. A real update after
// hydration, so no mismatch.
export const clock = $state({ zone: 'UTC', local: false });

export function useViewerZone(): void {
	clock.zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
	clock.local = true;
}
