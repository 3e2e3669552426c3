// Loads the admin charts' own script (dist/web/admin-charts.js, chart.js inside) the first time the
// dashboard asks for it, by adding a <script> to the page: the customer pages never download it.
type AdminCharts = NonNullable<Window['MarqueeAdminCharts']>;

let loading: Promise<AdminCharts> | undefined;

export function loadAdminCharts(): Promise<AdminCharts> {
  loading ??= new Promise<AdminCharts>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/admin-charts.js';
    script.async = true;
    script.onload = () => (window.MarqueeAdminCharts ? resolve(window.MarqueeAdminCharts) : reject(new Error('charts did not start')));
    script.onerror = () => {
      loading = undefined; // try again on the next refresh
      script.remove();
      reject(new Error('Could not load the charts'));
    };
    document.head.append(script);
  });
  return loading;
}
