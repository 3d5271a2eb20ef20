import nodemailer from 'nodemailer';
import type { MailTransport } from '../domain/mail-delivery.js';

// The delivery itself (claims, retries) is the domain's; this module adds the SMTP transport.
export { type MailSenderOptions, type MailTransport, deliverDueMail } from '../domain/mail-delivery.js';

/** Without these nodemailer waits two minutes for a server that does not answer, holding the claims meanwhile. */
const SMTP_TIMEOUTS = { connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' };

/** SMTP_URL's server; nodemailer reads options from the URL's query, so a deployer may set other timeouts there. */
export function smtpTransport(url: string): MailTransport {
  const withTimeouts = new URL(url);
  for (const [name, value] of Object.entries(SMTP_TIMEOUTS)) if (!withTimeouts.searchParams.has(name)) withTimeouts.searchParams.set(name, value);
  return nodemailer.createTransport(withTimeouts.toString());
}
