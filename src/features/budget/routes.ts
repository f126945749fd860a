// The person's indicative budget: a page that makes the amount impossible to miss and explains it line by line, and
// the same content as a letter to keep, as HTML (print-friendly, in their format) and as PDF. All audited reads.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDay } from '../../domain/age-bands.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { assessmentInProgress } from '../../records/assessments.ts';
import { authorisedPerson, personIdParam } from '../../platform/person-access.ts';
import { budgetView, govukTableParams } from './budget-view.ts';
import { letterFileName, letterModel } from './letter.ts';
import { letterPdf } from './letter-pdf.ts';
import { budgetRecords, letterOrganisations } from './queries.ts';

const letterStylesheet = readFileSync(new URL('./letter.css', import.meta.url), 'utf8');
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

export function budgetRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  async function readablePerson(request: FastifyRequest, reply: FastifyReply) {
    const params = personIdParam.safeParse(request.params);
    if (!params.success) return void sendErrorPage(request, reply, 404);
    const found = await authorisedPerson(services, request, params.data.personId, 'person.read');
    if (!found) return void sendErrorPage(request, reply, 404);
    return found.person;
  }

  async function letterFor(person: NonNullable<Awaited<ReturnType<typeof readablePerson>>>) {
    const [records, organisations] = await Promise.all([budgetRecords(db, person), letterOrganisations(db, person.areaId)]);
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
        date: longDate.format(new Date(`${today}T12:00:00Z`)),
        ...(view.issuedAt ? { issuedOn: longDate.format(view.issuedAt) } : {}),
      }),
    };
  }

  app.get('/people/:personId/budget', async (request, reply) => {
    const person = await readablePerson(request, reply);
    if (!person) return reply;
    const [records, updating] = await Promise.all([budgetRecords(db, person), assessmentInProgress(db, person.id)]);
    const view = budgetView(records);
    const own = request.principal?.assignments.some((assignment) => assignment.role === 'budget_holder' && assignment.personId === person.id);
    return reply.render('budget/budget.njk', {
      pageTitle: own ? 'Your budget' : `Budget for ${person.givenName} ${person.familyName}`,
      person,
      own,
      view,
      tables: Object.fromEntries(view.funded.map((stream) => [stream.code, govukTableParams(stream.table)])),
      updating: updating !== undefined,
      completed: (request.query as Record<string, unknown>).completed === '1',
    });
  });

  app.get('/people/:personId/budget/letter', async (request, reply) => {
    const person = await readablePerson(request, reply);
    if (!person) return reply;
    const found = await letterFor(person);
    if (!found) return reply.code(404).render('budget/no-letter.njk', { pageTitle: 'No budget letter yet', person });
    return reply.render('budget/letter.njk', {
      pageTitle: found.letter.title,
      person,
      letter: found.letter,
      tables: found.letter.streams.map((stream) => govukTableParams(stream.table)),
    });
  });

  app.get('/people/:personId/budget/letter.pdf', async (request, reply) => {
    const person = await readablePerson(request, reply);
    if (!person) return reply;
    const found = await letterFor(person);
    if (!found) return sendErrorPage(request, reply, 404);
    const pdf = await letterPdf(found.letter);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${letterFileName(found.issuedOn)}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  // The letter's own styles (large print, easy read, printing). Served here, under sign-in like the letters that use it.
  app.get('/budget/letter.css', (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(letterStylesheet));
}
