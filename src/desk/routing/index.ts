/**
 * Routing: who answers a ticket (unit, tier, skills, duty hours, load) and who a late or
 * urgent case climbs to (the escalation ladder, a unit's leader).
 */
export { recordTurn, routeTicket, tierFor, type RoutingDecision } from './route.ts'
export { escalationLadder, rungAt, unitLeader, type Rung } from './escalation.ts'
export { cadreCalendar, isOnDuty } from './duty.ts'
export { openLoads } from './load.ts'
