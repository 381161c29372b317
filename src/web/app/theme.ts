import {
  Badge,
  createTheme,
  darken,
  DEFAULT_THEME,
  luminance,
  SegmentedControl,
  TableScrollContainer,
  type CSSVariablesResolver,
} from '@mantine/core'

// WCAG 2.1 AA in the theme rather than page by page: every colour's text, light-badge text, outline and filled
// background are darkened until they reach 4.5:1 (normal text) against what they sit on. Dimmed text is gray 7.

const AA = 4.6 // a little above 4.5, so rounding in the browser never lands below it
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number]
  return (x + 0.05) / (y + 0.05)
}
/** Mantine's light variant background: the colour at 10 % over white. */
function tint(hex: string): string {
  const channel = (i: number) => Math.round(255 * 0.9 + parseInt(hex.slice(i, i + 2), 16) * 0.1)
  return `rgb(${channel(1)}, ${channel(3)}, ${channel(5)})`
}
/** The colour, darkened in small steps until it reads at AA on the background. */
function readable(color: string, background: string): string {
  let c = color
  for (let step = 0; step < 20 && contrast(c, background) < AA; step++) c = darken(c, 0.06)
  return c
}

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  components: {
    // Statuses read in one case style ("Awaiting approval", "Active"), never capitals next to sentence case.
    Badge: Badge.extend({ defaultProps: { tt: 'none' } }),
    // Segmented filters never cut options off on a phone: they scroll sideways within the page's width.
    SegmentedControl: SegmentedControl.extend({ styles: { root: { maxWidth: '100%', overflowX: 'auto' } } }),
    // A table wider than the screen scrolls sideways: keyboard users reach that scroll by focusing it.
    TableScrollContainer: TableScrollContainer.extend({
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } },
    }),
  },
})

export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': readable(DEFAULT_THEME.colors.gray[6], '#ffffff'),
  }
  for (const [name, shades] of Object.entries(DEFAULT_THEME.colors)) {
    if (name === 'dark') continue
    // Light badges sit on the colour at 10 % (or on shade 1 where a component draws that): readable on both.
    const text = readable(readable(shades[9], tint(shades[6])), shades[1])
    const filled = readable(shades[8], '#ffffff')
    Object.assign(light, {
      [`--mantine-color-${name}-text`]: text,
      [`--mantine-color-${name}-light-color`]: text,
      [`--mantine-color-${name}-outline`]: text,
      [`--mantine-color-${name}-filled`]: filled,
      [`--mantine-color-${name}-filled-hover`]: darken(filled, 0.1),
    })
  }
  light['--mantine-color-anchor'] = light['--mantine-color-indigo-text'] ?? ''
  return { variables: {}, light, dark: {} }
}
