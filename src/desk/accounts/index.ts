/**
 * Accounts: the people who sign in to the console (cadres, leaders, unit admins, viewers),
 * their passwords (scrypt), sessions (token digests, idle and absolute limits), what each
 * role may do, the subtree each person sees, and the audit log of what they did.
 */
export { authenticate, changePassword, createAccount, Login, NewAccount } from './accounts.ts'
export { audit, auditLog, type AuditAction, type AuditPage, type AuditQuery } from './audit.ts'
export { generatePassword, hashPassword, passwordProblem, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.ts'
export { AccountRole, may, roleLabels, type Ability } from './roles.ts'
export { scopeOf, ticketsIn, unitsIn, type Scope } from './scope.ts'
export { endOtherSessions, endSession, sessionFor, startSession, type SessionPolicy, type SignedIn } from './sessions.ts'
export { EmployerSignUp, registerEmployer } from './employers.ts'
