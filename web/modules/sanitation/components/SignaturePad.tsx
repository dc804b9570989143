import { ClearOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type PointerEvent, useRef, useState } from 'react';
import { useT } from '../../../app/i18n/i18n';

const W = 600;
const H = 220;
type Point = readonly [number, number];

/** Strokes as SVG path data with integer coordinates: "M x y L x y …" per stroke. */
export function strokesToPath(strokes: readonly (readonly Point[])[]): string {
  return strokes
    .filter((s) => s.length > 0)
    .map((s) => {
      // A tap is a dot: a stroke needs two points to be drawn.
      const pts = s.length === 1 ? [s[0], [s[0][0] + 1, s[0][1]] as const] : s;
      return pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
    })
    .join(' ');
}

/**
 * A signature drawn with a finger, a pen or a mouse (pointer events on an SVG). The drawing is
 * kept as strokes in a 600×220 box and handed out as SVG path data, which the server stores
 * and the printed pledge renders as it was drawn. `touch-action: none` keeps the page from
 * scrolling under the finger.
 */
export function SignaturePad({
  onChange,
  testId = 'signature-pad',
}: {
  onChange: (path: string | null) => void;
  testId?: string;
}) {
  const t = useT();
  const [strokes, setStrokesState] = useState<Point[][]>([]);
  // The strokes as of the last event, read when a stroke ends (state may not have re-rendered yet).
  const current = useRef<Point[][]>([]);
  const drawing = useRef(false);
  const setStrokes = (next: Point[][]) => {
    current.current = next;
    setStrokesState(next);
  };
  const finish = () => {
    if (!drawing.current) return;
    drawing.current = false;
    onChange(strokesToPath(current.current) || null);
  };

  const pointOf = (e: PointerEvent<SVGSVGElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.round(((e.clientX - r.left) / Math.max(1, r.width)) * W);
    const y = Math.round(((e.clientY - r.top) / Math.max(1, r.height)) * H);
    return [Math.min(W, Math.max(0, x)), Math.min(H, Math.max(0, y))];
  };
  const clear = () => {
    setStrokes([]);
    onChange(null);
  };

  return (
    <div className="zs-sign">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="zs-sign-pad"
        data-testid={testId}
        role="img"
        aria-label={t('sanitation.pledge.padHint')}
        onPointerDown={(e) => {
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          setStrokes([...current.current, [pointOf(e)]]);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const p = pointOf(e);
          const s = current.current;
          const last = s[s.length - 1];
          const prev = last[last.length - 1];
          // Points closer than 2 units add length to the path and nothing to the drawing.
          if (Math.abs(prev[0] - p[0]) + Math.abs(prev[1] - p[1]) < 2) return;
          setStrokes([...s.slice(0, -1), [...last, p]]);
        }}
        onPointerUp={finish}
        onPointerCancel={finish}
      >
        <line x1={24} y1={H - 40} x2={W - 24} y2={H - 40} className="zs-sign-line" />
        {strokes.length === 0 ? (
          <text x={W / 2} y={H / 2} textAnchor="middle" className="zs-sign-hint">
            {t('sanitation.pledge.padHint')}
          </text>
        ) : null}
        <path
          d={strokesToPath(strokes)}
          fill="none"
          stroke="#111"
          strokeWidth={4}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <Button
        icon={<ClearOutlined />}
        size="small"
        onClick={clear}
        disabled={strokes.length === 0}
        data-testid="signature-clear"
        style={{ marginTop: 6 }}
      >
        {t('sanitation.pledge.clear')}
      </Button>
    </div>
  );
}
