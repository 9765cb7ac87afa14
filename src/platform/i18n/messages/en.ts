/** Server-side messages (errors, mails) in English. Keys mirror ja.ts exactly (a test checks). */
export const en = {
  errors: {
    validation: "The request is invalid: {{field}} — {{detail}}",
    malformed_json: "The request body is not valid JSON.",
    body_too_large: "The request body is too large (limit {{limit}} bytes).",
    unsupported_media_type: "Unsupported content type.",
    not_found: "Not found.",
    unauthenticated: "Please sign in.",
    forbidden: "You are not allowed to do this.",
    csrf: "The CSRF token is missing or wrong. Reload the page and try again.",
    invalid_credentials: "The email or password is wrong.",
    account_locked: "Too many failed sign-ins. Try again after {{until}}.",
    rate_limited: "Too many requests. Try again later.",
    reset_token_invalid: "This password reset link is invalid or has expired.",
    weak_password: "The password must be at least 12 characters long.",
    conflict: "This already exists: {{field}}.",
    role_not_allowed: "The role {{role}} cannot be given in an organisation of kind {{kind}}.",
    last_admin: "An organisation must keep at least one org-admin.",
    grant_target_not_vendor: "Access can only be granted to an organisation of kind vendor.",
    not_ready: "The service is not ready.",
    internal: "Something went wrong on our side (request {{requestId}}).",
  },
  mail: {
    reset_subject: "[sokuho] Reset your password",
    reset_body: "A password reset was requested for your sokuho account.\n\nOpen this link within {{minutes}} minutes to choose a new password:\n{{link}}\n\nIf you did not ask for this, ignore this mail.",
    invite_subject: "[sokuho] You were added to {{org}}",
    invite_body: "You were added to {{org}} on sokuho as {{role}}.\n\nSet your password here (valid {{minutes}} minutes):\n{{link}}",
  },
};
export type Messages = typeof en;
