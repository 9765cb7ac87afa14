import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { PageHeader } from "../components/Layout";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="card">
      <PageHeader title={t("errors.notFound")} />
      <p>
        <Link to="/">{t("common.back")}</Link>
      </p>
    </div>
  );
}
