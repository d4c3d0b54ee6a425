import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { consoleRequest } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Section } from '../ui';

type Series = 'links_created' | 'links_consumed' | 'links_expired' | 'emails_sent' | 'emails_failed' | 'webhook_failures';
interface Stats { window: '24h' | '7d'; bucket: 'hour' | 'day'; buckets: ({ start: string } & Record<Series, number>)[]; totals: Record<Series, number> }

const CHARTS: { series: Series; title: string; color: string }[] = [
  { series: 'links_created', title: 'Links created', color: '#0b57a4' },
  { series: 'links_consumed', title: 'Links used', color: '#1b6e3a' },
  { series: 'links_expired', title: 'Links expired', color: '#6b4e00' },
  { series: 'emails_sent', title: 'Emails sent', color: '#0b57a4' },
  { series: 'emails_failed', title: 'Emails failed (bounced or refused)', color: '#a3001b' },
  { series: 'webhook_failures', title: 'Webhook deliveries failed', color: '#a3001b' },
];

/** The tenant's activity as small bar charts (SVG), each with its numbers in a table for screen readers. */
export function OverviewScreen({ session }: ScreenProps) {
  const [window, setWindow] = useState<'24h' | '7d'>('24h');
  const stats = useQuery({ queryKey: ['stats', window], queryFn: () => consoleRequest<Stats>(session, 'GET', `/v1/stats/overview?window=${window}`) });
  return (
    <>
      <div className="actions" role="group" aria-label="Time window">
        {(['24h', '7d'] as const).map((w) => (
          <button key={w} type="button" aria-pressed={window === w} onClick={() => setWindow(w)}>{w === '24h' ? 'Last 24 hours' : 'Last 7 days'}</button>
        ))}
      </div>
      <ErrorNote error={stats.error} />
      {stats.data && (
        <div className="charts">
          {CHARTS.map((c) => <Chart key={c.series} stats={stats.data} {...c} />)}
        </div>
      )}
    </>
  );
}

function Chart({ stats, series, title, color }: { stats: Stats; series: Series; title: string; color: string }) {
  const values = stats.buckets.map((b) => b[series]);
  const max = Math.max(1, ...values);
  const w = 300;
  const h = 100;
  const barW = w / values.length;
  const label = (start: string) => (stats.bucket === 'hour' ? new Date(start).toLocaleTimeString([], { hour: '2-digit' }) : new Date(start).toLocaleDateString([], { weekday: 'short' }));
  return (
    <Section title={title}>
      <p className="total"><strong data-testid={`total-${series}`}>{stats.totals[series]}</strong> in the last {stats.window === '24h' ? '24 hours' : '7 days'}</p>
      <svg viewBox={`0 0 ${w} ${h + 16}`} role="img" aria-label={`${title}: ${stats.totals[series]} in total, peak ${Math.max(...values)} per ${stats.bucket}`} className="chart">
        <line x1="0" y1={h} x2={w} y2={h} stroke="#767676" strokeWidth="1" />
        {values.map((v, i) => (
          <rect key={stats.buckets[i].start} x={i * barW + 1} width={Math.max(1, barW - 2)} y={h - (v / max) * h} height={(v / max) * h} fill={color} />
        ))}
        <text x="0" y={h + 13} fontSize="10" fill="#4d4d4d">{label(stats.buckets[0].start)}</text>
        <text x={w} y={h + 13} fontSize="10" fill="#4d4d4d" textAnchor="end">{label(stats.buckets[stats.buckets.length - 1].start)}</text>
      </svg>
      <details>
        <summary>Numbers</summary>
        <table>
          <thead><tr><th scope="col">{stats.bucket === 'hour' ? 'Hour' : 'Day'}</th><th scope="col">{title}</th></tr></thead>
          <tbody>{stats.buckets.map((b) => <tr key={b.start}><td>{label(b.start)}</td><td>{b[series]}</td></tr>)}</tbody>
        </table>
      </details>
    </Section>
  );
}
