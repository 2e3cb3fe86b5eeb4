import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		alias: { $types: 'types' },
		typescript: {
			// Type-check the TypeScript outside src/ too: scripts, benchmarks, the stand-in, generated types.
			config: (config) => {
				config.include.push('../scripts/**/*.ts', '../bench/**/*.ts', '../stand-in/**/*.ts', '../types/**/*.ts', '../docs/**/*.ts');
			}
		}
	}
};

export default config;
