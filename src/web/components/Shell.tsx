/** The signed-in frame: top bar (organisation, language, user, sign-out), left navigation, main content. */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from "react-router-dom";
import type { Locale, Me, Membership } from "../../platform/auth/contract";
import { api } from "../api";
import { nameOf } from "../format";
import { currentLocale } from "../i18n";
import { NAV, orgHref, rememberOrg, sameSectionIn } from "../nav";
import { OrgContext } from "../org";
import { useMe, useSession } from "../session";
import { LanguageSwitch } from "./LanguageSwitch";

function OrgSwitcher({ memberships, current }: { memberships: Membership[]; current: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const locale = currentLocale();
  return (
    <div className="org-switch">
      <label htmlFor="org-switch">{t("shell.org")}</label>
      <select id="org-switch" value={current ?? ""} onChange={(e) => navigate(sameSectionIn(location.pathname, e.target.value))}>
        {!current && <option value="" disabled />}
        {memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {nameOf(m, locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

function SideNav({ membership }: { membership: Membership }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("shell.nav")} className="sidenav">
      <ul>
        {NAV.filter((item) => item.visible(membership.policies, membership)).map((item) => (
          <li key={item.id}>
            <NavLink to={orgHref(membership.orgId, item.path)} end={item.path === ""}>
              {item.icon && (
                <span className="sidenav__icon" aria-hidden="true">
                  {item.icon}
                </span>
              )}
              {t(item.labelKey)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** After each navigation, focus the new page's heading so keyboard and screen-reader users start there. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>("main [data-page-title]")?.focus();
  }, [pathname]);
}

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { setMe, signOut } = useSession();
  const navigate = useNavigate();
  const { orgId } = useParams();
  const membership = me.memberships.find((m) => m.orgId === orgId);
  useFocusOnNavigate();
  useEffect(() => {
    if (membership) rememberOrg(membership.orgId);
  }, [membership]);

  // The account's language decides the language of mails the server sends this user.
  const rememberLocale = (locale: Locale) => {
    api.patch<Me>("/me", { locale }).then(setMe, () => {
      /* the UI already switched; the server copy catches up on the next change */
    });
  };

  const logout = async () => {
    await signOut().catch(() => {});
    void navigate("/login", { replace: true });
  };

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t("app.skipToContent")}
      </a>
      <header className="topbar">
        <Link to={membership ? orgHref(membership.orgId) : "/"} className="brand">
          <span className="brand__mark" lang="ja">速報</span> <span className="brand__name">sokuho</span>
        </Link>
        <OrgSwitcher memberships={me.memberships} current={membership?.orgId} />
        <div className="topbar__spacer" />
        <LanguageSwitch onChange={rememberLocale} />
        <span className="topbar__user" title={me.user.email}>
          <span className="visually-hidden">{t("shell.signedInAs", { name: me.user.displayName })}</span>
          <span aria-hidden="true">{me.user.displayName}</span>
        </span>
        {membership && (
          <Link to={orgHref(membership.orgId, "account/security")} className="button button--ghost">
            {t("security.myTitle")}
          </Link>
        )}
        <button type="button" className="button button--ghost" onClick={() => void logout()}>
          {t("shell.logout")}
        </button>
      </header>
      <div className="shell__body">
        {membership && <SideNav membership={membership} />}
        <main id="main" className="content" tabIndex={-1}>
          {membership ? (
            <OrgContext.Provider value={membership}>
              <Outlet />
            </OrgContext.Provider>
          ) : (
            <NoAccess first={me.memberships[0]} />
          )}
        </main>
      </div>
    </div>
  );
}

function NoAccess({ first }: { first: Membership | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h1 tabIndex={-1} data-page-title>
        {t(first ? "errors.noOrg" : "errors.noMemberships")}
      </h1>
      {first && (
        <p>
          <Link to={orgHref(first.orgId)}>{nameOf(first, currentLocale())}</Link>
        </p>
      )}
    </div>
  );
}
