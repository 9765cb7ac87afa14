/**
 * A checkbox whose truth lives in the URL (?lead=me, ?mine=1). It answers the click at once from its own state and
 * follows the URL when that changes: a box driven by the URL alone would snap back while the router's navigation
 * is still pending (a transition), and the click would seem lost.
 */
import { useEffect, useState } from "react";

export function UrlCheckbox({ id, checked, onChange }: { id: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const [shown, setShown] = useState(checked);
  useEffect(() => setShown(checked), [checked]);
  return (
    <input
      id={id}
      type="checkbox"
      checked={shown}
      onChange={(e) => {
        setShown(e.target.checked);
        onChange(e.target.checked);
      }}
    />
  );
}
