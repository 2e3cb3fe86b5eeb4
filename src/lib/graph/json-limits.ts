/**
 * Limits checked on JSON text BEFORE it is parsed (docs/architecture.md: a definition is at most 1 MiB
 * of JSON and at most 64 levels of nested arrays and objects). Parsing and drawing a 2 MB paste freezes
 * the page for seconds, and `JSON.parse` of a deeply nested text recurses; this scan is one linear pass
 * over the characters with no recursion and no allocation, and stops as soon as a limit is passed.
 *
 * The size is measured the way the database measures a stored definition (`octet_length` of the
 * jsonb text): the UTF-8 bytes of everything outside insignificant white space, plus the one space
 * jsonb writes after every `:` and `,`. So pretty-printed text is not held against its indentation.
 */

export const MAX_DEFINITION_BYTES = 1024 * 1024;
export const MAX_DEFINITION_DEPTH = 64;

export interface JsonTextMeasure {
	/** The size the stored jsonb text would have (see above); at least `limit + 1` when over. */
	bytes: number;
	/** The deepest nesting of arrays and objects (the top-level object is 1). */
	depth: number;
	/** True when the scan stopped early at a limit (the figures are then lower bounds). */
	stopped: boolean;
}

/** Bytes and depth of JSON text, stopping early once past `maxBytes` or `maxDepth`. */
export function measureJsonText(text: string, maxBytes = Infinity, maxDepth = Infinity): JsonTextMeasure {
	let bytes = 0;
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c /* \ */) {
				bytes += 2; // the backslash and the escaped character (ASCII in valid JSON)
				i++;
				continue;
			}
			if (c === 0x22 /* " */) inString = false;
		} else {
			if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
			if (c === 0x22) inString = true;
			else if (c === 0x7b || c === 0x5b /* { [ */) {
				depth++;
				if (depth > deepest) {
					deepest = depth;
					if (deepest > maxDepth) return { bytes, depth: deepest, stopped: true };
				}
			} else if (c === 0x7d || c === 0x5d /* } ] */) depth--;
			else if (c === 0x3a || c === 0x2c /* : , */) bytes++; // jsonb writes ": " and ", "
		}
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff) {
			bytes += 4; // a surrogate pair is one 4-byte character
			i++;
		} else bytes += 3;
		if (bytes > maxBytes) return { bytes, depth: deepest, stopped: true };
	}
	return { bytes, depth: deepest, stopped: false };
}

export type LimitCheck = { ok: true; bytes: number; depth: number } | { ok: false; message: string; hint: string };

function mib(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1)} MiB`;
}

/**
 * Whether JSON text is small and shallow enough to parse and apply. `slackBytes` and `extraDepth` make
 * room for a wrapper around the definition (an exported document), which the server then checks exactly.
 */
export function checkJsonText(text: string, opts: { slackBytes?: number; extraDepth?: number } = {}): LimitCheck {
	const maxBytes = MAX_DEFINITION_BYTES + (opts.slackBytes ?? 0);
	const maxDepth = MAX_DEFINITION_DEPTH + (opts.extraDepth ?? 0);
	// A cheap first look: even at one byte per character the text would be over.
	if (text.length > maxBytes * 4) {
		return {
			ok: false,
			message: `This is ${mib(text.length)} of text; a definition is at most 1 MiB of JSON.`,
			hint: 'Nothing was applied. Remove nodes or large configuration values, then paste again.'
		};
	}
	const m = measureJsonText(text, maxBytes, maxDepth);
	if (m.bytes > maxBytes) {
		return {
			ok: false,
			message: `This definition is ${m.stopped ? 'over ' : ''}${mib(m.bytes)}; a definition is at most 1 MiB of JSON.`,
			hint: 'Nothing was applied. Remove nodes or large configuration values, then paste again.'
		};
	}
	if (m.depth > maxDepth) {
		return {
			ok: false,
			message: `This JSON is nested more than ${maxDepth} levels deep; a definition allows at most ${MAX_DEFINITION_DEPTH}.`,
			hint: 'Nothing was applied. Flatten the deeply nested configuration values, then paste again.'
		};
	}
	return { ok: true, bytes: m.bytes, depth: m.depth };
}
