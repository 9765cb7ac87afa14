/** The segmentation warning of an asset: a badge, and the reasons in words (the colour only repeats them). */
import { useTranslation } from "react-i18next";
import type { SegmentationReason } from "../contract";

export function SegmentationBadge({ reasons }: { reasons: SegmentationReason[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return <span className="muted">{t("assets.noWarning")}</span>;
  return (
    <>
      <span className="badge badge--severities-high">
        <span aria-hidden="true">⚠ </span>
        {t("assets.warning")}
      </span>
      <small className="muted" style={{ display: "block", whiteSpace: "normal", minWidth: "12em" }}>
        {reasons.map((r) => t(`assets.reasons.${r}`)).join("。")}
      </small>
    </>
  );
}
