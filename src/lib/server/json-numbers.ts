// Numbers in JSON text that JSON.parse would silently change (docs/architecture.md, "Bounded input"). The
// /api routes parse bodies with JSON.parse, whose numbers are IEEE doubles: 12345678901234567890 becomes
// 12345678901234567000, 1e400 becomes Infinity (sent on as null), 0.1000000000000000055511151231257827
// becomes 0.1. PostgreSQL's jsonb would have kept each exactly, so the definition would be stored different
// from what the client sent, without a word. Such a body is refused with 400 `22003` instead; writing
// nothing. A number passes when the double's shortest decimal (what supabase-js sends on) has exactly the
// value written: 0.1, 1.0, 1e2, 9007199254740993e-10 and -0 pass.

/** sign, digits without leading or trailing zeros, and the power of ten: value = ±digits × 10^exponent. */
function decimalOf(text: string): { negative: boolean; digits: string; exponent: number } {
	const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
	if (!m) return { negative: false, digits: 'NaN', exponent: 0 };
	const frac = m[3] ?? '';
	let digits = (m[2] + frac).replace(/^0+/, '');
	// An exponent too large for a number is its own answer: it cannot equal a double's (|e| ≤ 324).
	let exponent = m[4] && m[4].replace(/^[+-]?0*/, '').length > 6 ? Number.MAX_SAFE_INTEGER : Number(m[4] ?? 0) - frac.length;
	const trimmed = digits.replace(/0+$/, '');
	exponent += digits.length - trimmed.length;
	digits = trimmed;
	if (digits === '') return { negative: false, digits: '', exponent: 0 }; // zero, whatever its sign
	return { negative: m[1] === '-', digits, exponent };
}

/** True when JSON.parse gives a number with exactly the value the text writes. */
export function isExactNumber(token: string): boolean {
	const n = Number(token);
	if (!Number.isFinite(n)) return false;
	const written = decimalOf(token);
	const parsed = decimalOf(String(n).replace('e+', 'e'));
	return written.negative === parsed.negative && written.digits === parsed.digits && written.exponent === parsed.exponent;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The first number in JSON text (outside strings) that JSON.parse would change, or null. One linear pass;
 * text that is not JSON is left to the parser.
 */
export function firstInexactNumber(text: string): string | null {
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++;
			else if (c === 0x22) inString = false;
			continue;
		}
		if (c === 0x22) {
			inString = true;
			continue;
		}
		if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
			let j = i + 1;
			while (j < text.length && /[0-9eE.+-]/.test(text[j])) j++;
			const token = text.slice(i, j);
			// Not a JSON number ("1-2", "01"): the parser refuses the text, with its own error.
			if (JSON_NUMBER.test(token) && !isExactNumber(token)) return token;
			i = j - 1;
		}
	}
	return null;
}
