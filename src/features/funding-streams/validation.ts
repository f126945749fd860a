// What the funding stream forms accept. Streams are data an area owns: it may add, rename, re-home or retire them.
import { z } from 'zod';
import { sectors } from '../../domain/funding-streams.ts';

const name = z.string({ error: 'Enter the name of the funding stream' }).trim().min(1, 'Enter the name of the funding stream').max(120, 'Name must be 120 characters or fewer');
const description = z.string().trim().max(1000, 'Description must be 1000 characters or fewer').optional().transform((value) => value ?? '');
const owner = z.uuid({ error: 'Select the organisation that owns this stream' });
const sector = z.enum(sectors, { error: 'Select the sector' });

export const streamChangeForm = z.object({ name, description, owningOrganisationId: owner });

export const newStreamForm = z.object({
  name,
  code: z
    .string({ error: 'Enter a short code' })
    .trim()
    .min(1, 'Enter a short code')
    .max(60, 'Code must be 60 characters or fewer')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Code must be lower-case letters and numbers joined by hyphens, like carers-budget'),
  sector,
  description,
  owningOrganisationId: owner,
});

export const newStreamFieldOrder = ['name', 'code', 'sector', 'owningOrganisationId', 'description'] as const;
export const changeStreamFieldOrder = ['name', 'owningOrganisationId', 'description'] as const;
