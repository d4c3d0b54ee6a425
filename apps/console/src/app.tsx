import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { consoleClient, ConsoleSessionInfo, fetchSession, signOut } from './api';
import { ApiKeysScreen } from './screens/api-keys';
import { AuditScreen } from './screens/audit';
import { EndUsersScreen } from './screens/end-users';
import { LinksScreen } from './screens/links';
import { OverviewScreen } from './screens/overview';
import { PolicyScreen } from './screens/policy';
import { SignInScreen } from './screens/sign-in';
import { TemplatesScreen } from './screens/templates';
import { TenantsScreen } from './screens/tenants';
import { UsersScreen } from './screens/users';
import { WebhooksScreen } from './screens/webhooks';
import type { Sesame } from '@sesame/client';

export interface ScreenProps {
  session: ConsoleSessionInfo;
  api: Sesame;
}

/**
 * Screens in menu order; `adminOnly` ones are hidden from viewers, `operatorOnly` from all but
 * operators (the API refuses them anyway).
 */
const SCREENS = [
  { path: 'overview', title: 'Overview', adminOnly: false, render: (p: ScreenProps) => <OverviewScreen {...p} /> },
  { path: 'links', title: 'Links', adminOnly: false, render: (p: ScreenProps) => <LinksScreen {...p} /> },
  { path: 'end-users', title: 'Users', adminOnly: false, render: (p: ScreenProps) => <EndUsersScreen {...p} /> },
  { path: 'webhooks', title: 'Webhooks', adminOnly: true, render: (p: ScreenProps) => <WebhooksScreen {...p} /> },
  { path: 'templates', title: 'Templates', adminOnly: true, render: (p: ScreenProps) => <TemplatesScreen {...p} /> },
  { path: 'api-keys', title: 'API keys', adminOnly: true, render: (p: ScreenProps) => <ApiKeysScreen {...p} /> },
  { path: 'policy', title: 'Policy', adminOnly: true, render: (p: ScreenProps) => <PolicyScreen {...p} /> },
  { path: 'users', title: 'Console users', adminOnly: true, render: (p: ScreenProps) => <UsersScreen {...p} /> },
  { path: 'audit', title: 'Audit log', adminOnly: false, render: (p: ScreenProps) => <AuditScreen {...p} /> },
  { path: 'tenants', title: 'Tenants (operator)', adminOnly: true, operatorOnly: true, render: (p: ScreenProps) => <TenantsScreen {...p} /> },
] as const;

/** The screen is the URL fragment (#/links), so every screen is /console/ for the server. */
function useRoute(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '') || 'overview';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onHash = () => setRoute(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function App() {
  const session = useQuery({ queryKey: ['session'], queryFn: fetchSession });
  if (session.isPending) return <main className="centered"><p>Loading…</p></main>;
  if (session.isError || !session.data) return <SignInScreen />;
  return <Shell session={session.data} />;
}

function Shell({ session }: { session: ConsoleSessionInfo }) {
  const route = useRoute();
  const queries = useQueryClient();
  const api = useMemo(() => consoleClient(session), [session]);
  const visible = SCREENS.filter((s) => (session.role === 'admin' || !s.adminOnly) && (session.operator || !('operatorOnly' in s)));
  const screen = visible.find((s) => s.path === route) ?? visible[0];
  useEffect(() => {
    document.title = `${screen.title} · ${session.tenant.name} · Sesame console`;
  }, [screen, session]);
  return (
    <>
      <a className="skip" href="#content">Skip to content</a>
      <header className="top">
        <p className="brand">Sesame console <span className="muted">· {session.tenant.name}</span></p>
        <p className="who">
          {session.email} <span className="badge">{session.role}</span>
          <button type="button" className="link" onClick={async () => { await signOut(session); queries.setQueryData(['session'], null); }}>
            Sign out
          </button>
        </p>
        <nav aria-label="Console">
          <ul>
            {visible.map((s) => (
              <li key={s.path}><a href={`#/${s.path}`} aria-current={s === screen ? 'page' : undefined}>{s.title}</a></li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="content" tabIndex={-1}>
        <h1>{screen.title}</h1>
        {screen.render({ session, api })}
      </main>
    </>
  );
}
