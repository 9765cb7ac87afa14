/** Page scaffolding: one h1 per page (focused after navigation), and titled sections. */
import { useEffect, type ReactNode } from "react";

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · 速報 sokuho`;
  }, [title]);
  return (
    <div className="page-header">
      {/* tabIndex -1: the shell moves focus here after each navigation, so screen readers start at the top. */}
      <h1 tabIndex={-1} data-page-title>
        {title}
      </h1>
      {children && <div className="page-header__actions">{children}</div>}
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = `${id ?? title.replace(/\W+/g, "-")}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

export function Loading() {
  return (
    <p className="muted" role="status">
      <span className="spinner" aria-hidden="true" />
      …
    </p>
  );
}
