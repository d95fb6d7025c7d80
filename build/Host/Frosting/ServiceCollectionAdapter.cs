using Cake.Core.Composition;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>Lets Cake's modules (CoreModule, CommonModule) register into a Microsoft DI service collection.</summary>
internal sealed class ServiceCollectionAdapter(IServiceCollection services) : ICakeContainerRegistrar
{
    private readonly List<Registration> registrations = [];

    public static void Install(IServiceCollection services, ICakeModule module)
    {
        var adapter = new ServiceCollectionAdapter(services);
        module.Register(adapter);
        adapter.Transfer();
    }

    public ICakeRegistrationBuilder RegisterType(Type type)
    {
        var registration = new Registration(type);
        registrations.Add(registration);
        return registration;
    }

    public ICakeRegistrationBuilder RegisterInstance<TImplementation>(TImplementation instance)
        where TImplementation : class
    {
        var registration = new Registration(typeof(TImplementation)) { Instance = instance };
        registrations.Add(registration);
        return registration;
    }

    private void Transfer()
    {
        foreach (var r in registrations)
        {
            var lifetime = r.IsSingleton ? ServiceLifetime.Singleton : ServiceLifetime.Transient;
            services.Add(r.Instance is null
                ? new ServiceDescriptor(r.Implementation, r.Implementation, lifetime)
                : new ServiceDescriptor(r.Implementation, r.Instance));
            foreach (var service in r.Services.Where(s => s != r.Implementation))
            {
                services.Add(new ServiceDescriptor(service, sp => sp.GetRequiredService(r.Implementation), lifetime));
            }
        }
    }

    private sealed class Registration(Type implementation) : ICakeRegistrationBuilder
    {
        public Type Implementation { get; } = implementation;

        public List<Type> Services { get; } = [];

        public object? Instance { get; init; }

        public bool IsSingleton { get; private set; } = true;

        public ICakeRegistrationBuilder As(Type type)
        {
            Services.Add(type);
            return this;
        }

        public ICakeRegistrationBuilder AsSelf() => As(Implementation);

        public ICakeRegistrationBuilder Singleton()
        {
            IsSingleton = true;
            return this;
        }

        public ICakeRegistrationBuilder Transient()
        {
            IsSingleton = false;
            return this;
        }
    }
}
