import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/Root';
import './app/global.css';

const el = document.getElementById('root');
if (!el) throw new Error('index.html has no #root');
createRoot(el).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
