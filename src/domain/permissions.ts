import type { Kysely } from 'kysely';
import type { AccountRole, Activity, DB } from '../db/types.js';
import { findActivityById } from '../repositories/activity-writes.js';
import { ForbiddenError, NotFoundError } from './errors.js';

/**
 * Who may do what: a coordinator acts for every organizer, any other account for the organizers
 * it belongs to. The domain functions that act for someone ask here.
 */

/** Who is acting: an account, its role and the organizers it may act for. */
export interface Actor {
  accountId: number;
  role: AccountRole;
  organizerIds: readonly number[];
}

export const isCoordinator = (actor: Actor) => actor.role === 'coordinator';

export function mayActFor(actor: Actor, organizerId: number): boolean {
  return isCoordinator(actor) || actor.organizerIds.includes(organizerId);
}

/** The activity, if the actor may see and change it; 404 when it does not exist, 403 when it is someone else's. */
export async function activityForActor(db: Kysely<DB>, actor: Actor, id: number): Promise<Activity> {
  const activity = await findActivityById(db, id);
  if (!activity) throw new NotFoundError(`There is no activity ${id}.`);
  if (!mayActFor(actor, activity.organizerId)) throw new ForbiddenError();
  return activity;
}
