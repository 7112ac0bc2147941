import type { Image } from '../../core/cloud.js';
import type { ServiceClient } from './service-client.js';

interface GlanceImage {
  id: string;
  name: string | null;
  status: string;
}

/** Glance v2 images, every page (Glance's `next` is a path with its own marker). */
export class ImageApi {
  constructor(readonly client: ServiceClient) {}

  async listImages(): Promise<Image[]> {
    const out: Image[] = [];
    let path: string | null = '/images?limit=500';
    while (path) {
      const body: { images: GlanceImage[]; next?: string } = await this.client.json('GET', path);
      for (const i of body.images) out.push({ id: i.id, name: i.name ?? '', status: i.status });
      // `next` is "/v2/images?marker=..."; the client's base already ends in /v2.
      path = body.next && body.images.length > 0 ? body.next.replace(/^\/v2(?=\/)/, '') : null;
    }
    return out;
  }

  async getImage(id: string): Promise<Image | null> {
    const res = await this.client.call('GET', `/images/${encodeURIComponent(id)}`, { accept: [404] });
    if (res.status === 404) return null;
    const i = res.body as GlanceImage;
    return { id: i.id, name: i.name ?? '', status: i.status };
  }
}
