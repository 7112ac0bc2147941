import type { Flavor, Image, Network } from '../../core/cloud.js';
import { NotFoundError } from '../../core/errors.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';

/**
 * A profile names its image, flavor and networks as people do (by name, or by id);
 * the cloud boots by id. This resolves them through the driver's lists, reading each
 * list at most once per catalogue: make one per reconcile, so a renamed or replaced
 * image is seen on the next pass, and a pass over many instances costs one listing.
 *
 * An id match wins over a name match; among names, an image must be usable
 * ('active', when the cloud tells a status). null: the cloud has no such thing.
 */
export class CloudCatalog {
  private images?: Promise<Image[]>;
  private flavors?: Promise<Flavor[]>;
  private networks?: Promise<Network[]>;

  constructor(private readonly driver: CloudDriver) {}

  async image(ref: string): Promise<Image | null> {
    const all = await (this.images ??= this.driver.listImages());
    return all.find((i) => i.id === ref) ?? all.find((i) => i.name === ref && usable(i)) ?? null;
  }

  async flavor(ref: string): Promise<Flavor | null> {
    const all = await (this.flavors ??= this.driver.listFlavors());
    return all.find((f) => f.id === ref) ?? all.find((f) => f.name === ref) ?? null;
  }

  /**
   * Network ids for a boot: 'auto' (the cloud's default) when the profile names none.
   * NotFoundError naming the first network the cloud does not have.
   */
  async networkIds(refs: readonly string[]): Promise<string[] | 'auto'> {
    if (refs.length === 0) return 'auto';
    const all = await (this.networks ??= this.driver.listNetworks());
    return refs.map((ref) => {
      const net = all.find((n) => n.id === ref) ?? all.find((n) => n.name === ref);
      if (!net) throw new NotFoundError(`network '${ref}' does not exist in this cloud`);
      return net.id;
    });
  }

  /** The image and flavor a profile names, or why they cannot be used. */
  async resolve(profile: { image: string; flavor: string }): Promise<ResolvedBuild | { problem: string }> {
    const [image, flavor] = await Promise.all([this.image(profile.image), this.flavor(profile.flavor)]);
    if (!image) return { problem: `image '${profile.image}' does not exist in this cloud` };
    if (!flavor) return { problem: `flavor '${profile.flavor}' does not exist in this cloud` };
    return { image, flavor };
  }
}

export interface ResolvedBuild {
  image: Image;
  flavor: Flavor;
}

function usable(image: Image): boolean {
  return image.status === '' || image.status.toLowerCase() === 'active';
}
