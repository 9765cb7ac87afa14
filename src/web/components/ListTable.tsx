/** A list as a table with its loading and empty states; the caller renders each row. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Loading } from "./Layout";

/** A column heading; `{ hidden }` is read by screen readers only (e.g. the actions column). */
export type Column = string | { hidden: string };

type Props<T> = {
  items: T[] | undefined;
  loading: boolean;
  columns: Column[];
  empty?: string;
  className?: string;
  row: (item: T) => ReactNode;
};

export function ListTable<T>({ items, loading, columns, empty, className, row }: Props<T>) {
  const { t } = useTranslation();
  if (!items) return loading ? <Loading /> : null;
  if (items.length === 0) return <p className="muted">{empty ?? t("common.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i}>
                {typeof c === "string" ? c : <span className="visually-hidden">{c.hidden}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(row)}</tbody>
      </table>
    </div>
  );
}
