/**
 * TLP 2.0 and PAP labels as FIRST draws them: the label's colour on black, so they read the same everywhere.
 * AMBER+STRICT is amber with an outline; the text always names the level, colour never stands alone.
 */
import { useTranslation } from "react-i18next";
import type { Pap, Tlp } from "../../platform/db/schema";
import "./incident-parts.css";

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  const { t } = useTranslation();
  return (
    <span className={`tlp tlp--${tlp.replace("+", "-")}`} title={t(`tlpHelp.${tlp.replace("+", "_")}`)}>
      TLP:{tlp.toUpperCase()}
    </span>
  );
}

export function PapBadge({ pap }: { pap: Pap }) {
  const { t } = useTranslation();
  return (
    <span className={`tlp tlp--${pap}`} title={t(`papHelp.${pap}`)}>
      PAP:{pap.toUpperCase()}
    </span>
  );
}
