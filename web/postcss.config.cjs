// Mantine's PostCSS preset: rem()/light-dark() helpers and breakpoint variables in our CSS files.
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};
