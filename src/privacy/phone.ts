/** Mainland mobile numbers are written many ways: +86 138-0013-8000, 86 13800138000, … */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits
}
