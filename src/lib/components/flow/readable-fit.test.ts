import { describe, expect, it } from 'vitest';
import { EDGE_MARGIN, READABLE_ZOOM, readableViewport, revealViewport, showsWholeGraph } from './readable-fit';

describe('readableViewport', () => {
	it('centres a small graph, never enlarging past 100%', () => {
		const v = readableViewport({ x: 0, y: 0, width: 400, height: 60 }, 1000, 600);
		expect(v.zoom).toBe(1);
		expect(v.x).toBe(300);
		expect(v.y).toBe(270);
	});

	it('fits a graph that stays readable when shrunk', () => {
		const v = readableViewport({ x: 0, y: 0, width: 900, height: 60 }, 1000, 600);
		expect(v.zoom).toBeCloseTo(1000 / 1080);
		expect(v.x).toBeCloseTo((1000 - 900 * v.zoom) / 2);
		// 1000/1200 = 0.83 would be too small: clamped to the readable zoom
		expect(readableViewport({ x: 0, y: 0, width: 1000, height: 60 }, 1000, 600).zoom).toBe(READABLE_ZOOM);
	});

	it('shows a long chain at the readable zoom from its first node, vertically centred', () => {
		// six nodes 240 apart, 168 wide: 1368 × 60 in a 944 × 700 pane (fit would be 0.57)
		const v = readableViewport({ x: -10, y: 0, width: 1368, height: 60 }, 944, 700);
		expect(v.zoom).toBe(READABLE_ZOOM);
		expect(v.x).toBeCloseTo(EDGE_MARGIN + 10 * READABLE_ZOOM);
		expect(v.y).toBeCloseTo((700 - 60 * READABLE_ZOOM) / 2);
	});

	it('starts a graph too tall to fit from the top', () => {
		const v = readableViewport({ x: 0, y: 100, width: 200, height: 2000 }, 944, 700);
		expect(v.zoom).toBe(READABLE_ZOOM);
		expect(v.y).toBeCloseTo(EDGE_MARGIN - 100 * READABLE_ZOOM);
	});

	it('with a focus (a diff’s changes), shows the focus of a graph too large to fit', () => {
		const focus = { x: 1200, y: 0, width: 168, height: 60 };
		const v = readableViewport({ x: 0, y: 0, width: 1368, height: 60 }, 600, 300, focus);
		expect(v.zoom).toBe(READABLE_ZOOM);
		// the focus is centred horizontally; vertically the whole graph fits and is centred
		expect(v.x + (1200 + 84) * v.zoom).toBeCloseTo(300);
		expect(v.y).toBeCloseTo((300 - 60 * READABLE_ZOOM) / 2);
		// a graph that fits ignores the focus
		expect(readableViewport({ x: 0, y: 0, width: 400, height: 60 }, 1000, 600, focus)).toEqual(readableViewport({ x: 0, y: 0, width: 400, height: 60 }, 1000, 600));
	});
});

describe('revealViewport', () => {
	it('pans just enough to show a node added off screen, at a readable zoom', () => {
		const v = revealViewport({ x: 0, y: 0, zoom: 0.5 }, { x: 2000, y: 0, width: 168, height: 60 }, 1000, 600);
		expect(v.zoom).toBe(READABLE_ZOOM);
		expect((2000 + 168) * v.zoom + v.x).toBeCloseTo(1000 - EDGE_MARGIN);
		expect(v.y).toBe(EDGE_MARGIN); // its top edge kept off the pane's border
	});

	it('leaves the view alone when the node is already visible', () => {
		expect(revealViewport({ x: 10, y: 20, zoom: 1 }, { x: 100, y: 100, width: 168, height: 60 }, 1000, 600)).toEqual({ x: 10, y: 20, zoom: 1 });
	});
});

describe('showsWholeGraph', () => {
	const chain = { x: 0, y: 0, width: 1400, height: 60 }; // six steps, 240 apart

	it('is false for a chain wider than the pane at the readable zoom (the minimap is then shown)', () => {
		const vp = readableViewport(chain, 900, 700);
		expect(vp.zoom).toBe(READABLE_ZOOM);
		expect(showsWholeGraph(chain, vp, 900, 700)).toBe(false);
	});

	it('is true for a graph that fits', () => {
		const small = { x: 0, y: 0, width: 500, height: 60 };
		expect(showsWholeGraph(small, readableViewport(small, 900, 700), 900, 700)).toBe(true);
	});
});
