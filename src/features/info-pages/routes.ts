// The pages every public service needs: accessibility statement, privacy notice and cookies.
import type { FastifyInstance } from 'fastify';

const pages = [
  { path: '/accessibility', template: 'info-pages/accessibility.njk', title: 'Accessibility statement' },
  { path: '/privacy', template: 'info-pages/privacy.njk', title: 'Privacy notice' },
  { path: '/cookies', template: 'info-pages/cookies.njk', title: 'Cookies' },
] as const;

export function infoPageRoutes(app: FastifyInstance): void {
  for (const page of pages) {
    app.get(page.path, { config: { access: 'public' } }, (_request, reply) => reply.render(page.template, { pageTitle: page.title }));
  }
}
