// Fitting a graph into the canvas without making it unreadable. xyflow's fitView shrinks a long chain
// until it fits, so a six-step workflow came out at half size (8 px labels, 5 px handles). Here the
// zoom never goes below READABLE_ZOOM when fitting: a graph that fits at that zoom is centred as
// before; one that does not is shown from its start (the trigger sits at the left in the editor's
// left-to-right layout), vertically centred when it fits, from the top otherwise. Pan, the minimap
// and the zoom buttons reach the rest; the user can still zoom out further by hand.

/** Node labels are 14 px: at this zoom they are 12 px on screen. */
export const READABLE_ZOOM = 0.86;
/** Never enlarge past 100% when fitting. */
export const FIT_MAX_ZOOM = 1;
/** Space kept around the graph, as a fraction of its size (xyflow's fitView padding) … */
export const FIT_PADDING = 0.2;
/** … and in screen pixels at the edge a graph too large to fit starts from. */
export const EDGE_MARGIN = 24;

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface Viewport {
	x: number;
	y: number;
	zoom: number;
}

/** Whether the whole graph (`bounds`, graph units) shows in a `width` × `height` pane at `viewport`'s zoom and offset. */
export function showsWholeGraph(bounds: Rect, viewport: Viewport, width: number, height: number): boolean {
	const left = bounds.x * viewport.zoom + viewport.x;
	const top = bounds.y * viewport.zoom + viewport.y;
	return left >= 0 && top >= 0 && left + bounds.width * viewport.zoom <= width && top + bounds.height * viewport.zoom <= height;
}

/**
 * The viewport showing `bounds` (graph units) in a `width` × `height` pane. When the graph is too large
 * and `focus` is given (a diff's changed steps), the view is placed on `focus` instead of the start.
 */
export function readableViewport(bounds: Rect, width: number, height: number, focus?: Rect | null): Viewport {
	const bw = Math.max(bounds.width, 1);
	const bh = Math.max(bounds.height, 1);
	const fit = Math.min(width / (bw * (1 + FIT_PADDING)), height / (bh * (1 + FIT_PADDING)), FIT_MAX_ZOOM);
	const zoom = Math.max(fit, READABLE_ZOOM);
	const fitsX = bw * zoom + 2 * EDGE_MARGIN <= width;
	const fitsY = bh * zoom + 2 * EDGE_MARGIN <= height;
	if (fitsX && fitsY) return { x: (width - bw * zoom) / 2 - bounds.x * zoom, y: (height - bh * zoom) / 2 - bounds.y * zoom, zoom };
	const target = focus ?? bounds;
	const tw = Math.max(target.width, 1);
	const th = Math.max(target.height, 1);
	const place = (fits: boolean, targetFits: boolean, size: number, start: number, length: number, all: { start: number; length: number }) =>
		fits
			? (size - all.length * zoom) / 2 - all.start * zoom
			: targetFits
				? (size - length * zoom) / 2 - start * zoom
				: EDGE_MARGIN - start * zoom;
	return {
		x: place(fitsX, tw * zoom + 2 * EDGE_MARGIN <= width, width, target.x, tw, { start: bounds.x, length: bw }),
		y: place(fitsY, th * zoom + 2 * EDGE_MARGIN <= height, height, target.y, th, { start: bounds.y, length: bh }),
		zoom
	};
}

/**
 * After nodes were added to a graph on screen: the viewport that keeps the current zoom (at least the
 * readable one) and brings `target` (the new nodes' bounds) into view, moving as little as possible.
 */
export function revealViewport(current: Viewport, target: Rect, width: number, height: number): Viewport {
	const zoom = Math.min(Math.max(current.zoom, READABLE_ZOOM), FIT_MAX_ZOOM);
	let { x, y } = current;
	if ((target.x + target.width) * zoom + x > width - EDGE_MARGIN) x = width - EDGE_MARGIN - (target.x + target.width) * zoom;
	if (target.x * zoom + x < EDGE_MARGIN) x = EDGE_MARGIN - target.x * zoom;
	if ((target.y + target.height) * zoom + y > height - EDGE_MARGIN) y = height - EDGE_MARGIN - (target.y + target.height) * zoom;
	if (target.y * zoom + y < EDGE_MARGIN) y = EDGE_MARGIN - target.y * zoom;
	return { x, y, zoom };
}
