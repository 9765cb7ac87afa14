/** Routes. Everything a signed-in user sees lives under /o/:orgId so that links always name the organisation. */
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from "react-router-dom";
import { EvidencePage } from "../capabilities/evidence/ui/EvidencePage";
import { SecurityActivityPage } from "./pages/SecurityActivityPage";
import { AssetsPage } from "../capabilities/assets/ui/AssetsPage";
import { IncidentPage } from "../capabilities/incidents/ui/IncidentPage";
import { IncidentsPage } from "../capabilities/incidents/ui/IncidentsPage";
import { SettingsPage } from "../capabilities/orgs/ui/SettingsPage";
import { PlaybooksPage } from "../capabilities/tasks/ui/PlaybooksPage";
import { InboxPage } from "../capabilities/obligations/ui/InboxPage";
import { SharedPage } from "../capabilities/obligations/ui/SharedPage";
import { TriagePage } from "../capabilities/triage/ui/TriagePage";
import { Shell } from "./components/Shell";
import { lastOrgId, orgHref } from "./nav";
import { DashboardPage } from "./pages/DashboardPage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ForgotPasswordPage, ResetPasswordPage } from "./pages/PasswordResetPages";
import { InvitationPage } from "./pages/InvitationPage";
import { SessionProvider, useSession } from "./session";
import { BroadcastsPage } from "../capabilities/network/ui/BroadcastsPage";
import { BroadcastPage } from "../capabilities/network/ui/BroadcastPage";
import { BroadcastAckPage } from "../capabilities/network/ui/BroadcastAckPage";
import { NetworkPage, PageDetailPage } from "../capabilities/network/ui/NetworkPage";
import { ActionLinkPage } from "../capabilities/network/ui/ActionLinkPage";

function RequireSession() {
  const { t } = useTranslation();
  const { state } = useSession();
  const location = useLocation();
  if (state.status === "loading")
    return (
      <p className="page-loading" role="status">
        {t("app.loading")}
      </p>
    );
  if (state.status === "anonymous") return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}

/** "/" → the organisation used last on this browser, else the first where the user does more than view. */
function Home() {
  const { state } = useSession();
  const ms = state.status === "signed-in" ? state.me.memberships : [];
  const last = lastOrgId();
  const home = ms.find((m) => m.orgId === last) ?? ms.find((m) => m.role !== "viewer") ?? ms[0];
  return <Navigate to={home ? orgHref(home.orgId) : "/o/-"} replace />;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/invitation" element={<InvitationPage />} />
          <Route path="/ack/broadcast/:token" element={<BroadcastAckPage />} />
          <Route path="/network/actions" element={<ActionLinkPage />} />
          <Route element={<RequireSession />}>
            <Route path="/" element={<Home />} />
            <Route path="/o/:orgId" element={<Shell />}>
              <Route index element={<DashboardPage />} />
              <Route path="incidents" element={<IncidentsPage />} />
              <Route path="incidents/:incidentId" element={<IncidentPage />} />
              <Route path="incidents/:incidentId/evidence" element={<EvidencePage />} />
              <Route path="assets" element={<AssetsPage />} />
              <Route path="playbooks" element={<PlaybooksPage />} />
              <Route path="inbox" element={<InboxPage />} />
              <Route path="shared" element={<SharedPage />} />
              <Route path="network" element={<NetworkPage />} />
              <Route path="network/pages/:pageId" element={<PageDetailPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="settings/:tab" element={<SettingsPage />} />
              <Route path="account/security" element={<SecurityActivityPage />} />
              <Route path="broadcasts" element={<BroadcastsPage />} />
              <Route path="broadcasts/:broadcastId" element={<BroadcastPage />} />
              <Route path="triage" element={<TriagePage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
