// The person's indicative budget: a page that makes the amount impossible to miss and explains it line by line, and
// the same content as a letter to keep, as HTML (print-friendly, in their format) and as PDF. All audited reads.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { londonDay } from '../../domain/age-bands.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { queryOf } from '../../platform/route-input.ts';
import { streamContactBlocks } from '../../records/organisation-contacts.ts';
import type { Services } from '../../services.ts';
import { budgetView, govukTableParams } from './budget-view.ts';
import { letterFileName, letterModel } from './letter.ts';
import { letterPdf } from './letter-pdf.ts';
import { budgetPaths } from './paths.ts';
import { budgetPageRecords, letterOrganisations } from './queries.ts';

const letterStylesheet = readFileSync(new URL('./letter.css', import.meta.url), 'utf8');
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** Set by the submit button's redirect, to say the assessment has just been sent. */
const budgetQuery = z.object({ completed: z.literal('1').optional().catch(undefined) });

export function budgetRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const readRoute = { config: { access: 'signed-in', audit: 'person.read' } } as const;

  async function letterFor({ person, shared }: LoadedPerson) {
    const [{ records, contacts }, organisations] = await Promise.all([budgetPageRecords(db, person, shared), letterOrganisations(db, person.areaId)]);
    const view = budgetView(records);
    if (!view.issued) return undefined;
    const today = services.clock.today();
    return {
      view,
      issuedOn: view.issuedAt ? londonDay(view.issuedAt) : undefined,
      letter: letterModel({
        person,
        view,
        from: organisations.lead ?? 'Your council',
        brokers: organisations.brokers,
        contacts,
        date: longDate.format(new Date(`${today}T12:00:00Z`)),
        ...(view.issuedAt ? { issuedOn: longDate.format(view.issuedAt) } : {}),
      }),
    };
  }

  app.get(budgetPaths.budget.pattern, readRoute, async (request, reply) => {
    const { person, shared, viewer } = await loadPerson(db, request);
    const { records, inProgress, contacts } = await budgetPageRecords(db, person, shared);
    const view = budgetView(records);
    const own = viewer === 'self';
    return reply.render('budget/budget.njk', {
      pageTitle: own ? 'Your budget' : `Budget for ${person.givenName} ${person.familyName}`,
      person,
      own,
      view,
      tables: Object.fromEntries(view.funded.map((stream) => [stream.code, govukTableParams(stream.table)])),
      contacts: streamContactBlocks(contacts, [...view.funded, ...view.unfunded].map((stream) => stream.code)),
      updating: inProgress !== undefined,
      completed: queryOf(request, budgetQuery)?.completed === '1',
    });
  });

  app.get(budgetPaths.letter.pattern, readRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const found = await letterFor(loaded);
    if (!found) return reply.code(404).render('budget/no-letter.njk', { pageTitle: 'No budget letter yet', person });
    return reply.render('budget/letter.njk', {
      pageTitle: found.letter.title,
      person,
      letter: found.letter,
      tables: found.letter.streams.map((stream) => (stream.table ? govukTableParams(stream.table) : null)),
    });
  });

  app.get(budgetPaths.letterPdf.pattern, readRoute, async (request, reply) => {
    const found = await letterFor(await loadPerson(db, request));
    if (!found) throw new NotFoundError('There is no budget letter for this person yet');
    const pdf = await letterPdf(found.letter);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${letterFileName(found.issuedOn)}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  // The letter's own styles (large print, easy read, printing). Served here, under sign-in like the letters that use it.
  app.get(budgetPaths.letterStylesheet.pattern, { config: { access: 'signed-in' } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(letterStylesheet),
  );
}
