import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { realtimeDevServer } from './realtime/dev.vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), realtimeDevServer()],
	server: { port: Number(process.env.PORT ?? 3000), strictPort: true }
});
